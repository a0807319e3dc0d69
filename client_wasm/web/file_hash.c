/* SHA-256 for the file worker (js/file_worker.js, docs/file_transfer.md): GNU Nettle's, the
 * same three files the main module links (common/CMakeLists.txt), built alone into a
 * standalone wasm of a few KB with no imports, so the worker hashes what it sends and
 * receives and the page's main thread, held by software-GL draws, hashes nothing. Two
 * contexts (0: the file being sent, 1: the one being received) and one input buffer the
 * worker copies each piece into; no allocator, so the memory never grows and the worker's
 * views of it stay valid. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nettle/sha2.h>

#define DUET_SHA_INPUT 65536 /* one piece; the worker cuts larger blocks */

static struct sha256_ctx contexts[2];
static uint8_t input[DUET_SHA_INPUT];
static uint8_t digest[SHA256_DIGEST_SIZE];

uint8_t* duet_sha_input(void) { return input; }
size_t duet_sha_input_size(void) { return sizeof input; }

void duet_sha_init(int which) { nettle_sha256_init(&contexts[which & 1]); }

/* Feeds the first n bytes of the input buffer. */
void duet_sha_update(int which, size_t n) {
  if (n > sizeof input) n = sizeof input;
  nettle_sha256_update(&contexts[which & 1], n, input);
}

/* The digest of what was fed since init (32 bytes at the returned address), and the
 * context starts afresh (Nettle's digest re-initialises it). */
uint8_t* duet_sha_digest(int which) {
  nettle_sha256_digest(&contexts[which & 1], sizeof digest, digest);
  return digest;
}

/* The digest so far, the context left as it is: a received file's digest at each control
 * text, so the one that says `done` carries the digest of the bytes before it. */
uint8_t* duet_sha_peek(int which) {
  struct sha256_ctx copy;
  memcpy(&copy, &contexts[which & 1], sizeof copy);
  nettle_sha256_digest(&copy, sizeof digest, digest);
  return digest;
}
