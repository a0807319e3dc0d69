// Whether a benchmarked transfer really delivered the file (file_transfer.mjs): a rate is only
// a figure if the receiver ended done, counted every byte, reported the file's SHA-256 (Duet's
// receiver hashes what it received) and saved exactly the file's bytes. A module of its own,
// with no browser in it, so tests/tools/transfer_check.test.mjs can show it refusing broken
// transfers without a 200 MB run.

// The size and SHA-256 (hex) of the bytes behind an object URL. Run in the receiving page
// (page.evaluate: it must use nothing from outside its own body) after the timing, since
// WebCrypto hashes only a whole buffer; Node has the same fetch and crypto.subtle, so the
// test runs this very function on Blobs of its own.
export async function readSaved(url) {
  const bytes = await (await fetch(url)).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return { size: bytes.byteLength,
    sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

// What is wrong with one received transfer, as sentences; empty when it is the file.
//   client:   'duet' or 'plain' (the plain page reports no hash of its own)
//   file:     { size, sha256 } of the file sent (hex)
//   received: the receiver's newest incoming transfer as its page publishes it
//             ({ state, size, sent, sha256 })
//   saved:    { size, sha256 } of the bytes behind the receiver's saved Blob, or null when
//             there was nothing to read
export function transferProblems({ client, file, received, saved }) {
  if (!received) return [`${client}: the receiver shows no incoming transfer`];
  if (received.state !== 'done') return [`${client}: the receiver's transfer ended ${received.state}`];
  const problems = [];
  if (received.size !== file.size || received.sent !== file.size) {
    problems.push(`${client}: the receiver reports ${received.sent} of ${received.size} bytes, ` +
      `the file has ${file.size}`);
  }
  if (client === 'duet' && received.sha256 !== file.sha256) {
    problems.push(`duet: the receiver's SHA-256 ${received.sha256} is not the file's ${file.sha256}`);
  }
  if (!saved) {
    problems.push(`${client}: nothing saved to read back`);
  } else if (saved.size !== file.size || saved.sha256 !== file.sha256) {
    problems.push(`${client}: the saved Blob has ${saved.size} bytes, SHA-256 ${saved.sha256}; ` +
      `the file has ${file.size}, ${file.sha256}`);
  }
  return problems;
}
