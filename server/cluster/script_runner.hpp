// Runs the registry's Lua scripts by their SHA1 (EVALSHA): 40 bytes on the wire instead of a
// script's few kilobytes, for every login, ring and relay lookup. The scripts are loaded once
// each time the command connection comes up (SCRIPT LOAD, before anything else it sends, so
// Redis runs them first); a Redis that lost them meanwhile (SCRIPT FLUSH, a failover) answers
// NOSCRIPT, and that one command is sent again whole by EVAL, which caches it there again.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "redis/connection.hpp"

namespace duet::cluster {

// The hex SHA1 of a script's text, as Redis names it.
std::string script_sha1(std::string const& text);

// Every script of registry_scripts.hpp, SCRIPT LOADed on `c`; `done` when Redis has them all.
void load_scripts(redis::connection& c, redis::connection::reply_handler done = {});

// The elements of a script's array reply as text (its integers too); empty on a failure.
std::vector<std::string> texts(redis::command_result const& r);
// v[i], or empty past the end.
std::string at(std::vector<std::string> const& v, std::size_t i);

// EVALSHA `script` with no keys and `args`; EVAL once if Redis does not have it.
void run_script(std::shared_ptr<redis::connection> const& c, std::string const& script,
                std::vector<std::string> args, redis::connection::reply_handler done);

}  // namespace duet::cluster
