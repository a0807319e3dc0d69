// The Redis registry's Lua: see registry_scripts.hpp. The helpers mirror local_registry.cpp's
// (set_partner, clear_partner, relink, the removal of a name) so one node and many keep the
// same rules; docs/call_control.md says what they are for.
#include "cluster/registry_scripts.hpp"

namespace duet::cluster::scripts {

namespace {

// Shared by every script: keys, statuses, the presence change log, links and removal.
constexpr char const* helpers = R"lua(
local P = 'duet:'
local function ukey(n) return P .. 'user:' .. n end
local function exists(n) return redis.call('EXISTS', ukey(n)) == 1 end
local function field(n, f) return redis.call('HGET', ukey(n), f) or '' end
local function alive(node) return redis.call('EXISTS', P .. 'node:' .. node) == 1 end
local function engaged(n)
  local e = redis.call('HMGET', ukey(n), 'partner', 'wanted')
  if e[1] and e[1] ~= '' then return e[1] end
  return e[2] or ''
end
local function status(n)
  if not exists(n) then return 'offline' end
  if engaged(n) == '' then return 'available' end
  return 'busy'
end
-- Each touched user's status before the script, in the order first touched; publish() sends
-- the ones that changed, numbered, so every node hears every change once and in order.
local before, order = {}, {}
local function touch(n)
  if before[n] == nil then before[n] = status(n); order[#order + 1] = n end
end
local function publish()
  local lines = {}
  for _, n in ipairs(order) do
    local now = status(n)
    if now ~= before[n] then lines[#lines + 1] = n .. '\t' .. now end
  end
  if #lines == 0 then return end
  local seq = redis.call('INCR', P .. 'presence:seq')
  redis.call('PUBLISH', P .. 'presence', seq .. '\n' .. table.concat(lines, '\n'))
end
local function clear_partner(n)
  local p = field(n, 'partner')
  if p == '' then return end
  touch(n)
  redis.call('SREM', P .. 'linked:' .. p, n)
  redis.call('HSET', ukey(n), 'partner', '')
end
local function set_partner(n, p)
  if field(n, 'partner') == p then return end
  touch(n)
  clear_partner(n)
  redis.call('HSET', ukey(n), 'partner', p, 'wanted', '')
  redis.call('SADD', P .. 'linked:' .. p, n)
end
-- Removes `n` and every link to it. Returns its partner (name, node, conn) when that partner
-- was in the call with it too, so its node can be told; else {}.
local function drop(n)
  touch(n)
  local e = redis.call('HMGET', ukey(n), 'partner', 'node')
  local told = {}
  local p = e[1] or ''
  if p ~= '' and exists(p) then
    local pe = redis.call('HMGET', ukey(p), 'partner', 'node', 'conn')
    if pe[1] == n then told = {p, pe[2], pe[3]} end
  end
  for _, other in ipairs(redis.call('SMEMBERS', P .. 'linked:' .. n)) do
    touch(other)
    redis.call('HSET', ukey(other), 'partner', '')
  end
  redis.call('DEL', P .. 'linked:' .. n)
  clear_partner(n)
  if e[2] then redis.call('SREM', P .. 'node:' .. e[2] .. ':users', n) end
  redis.call('SREM', P .. 'online', n)
  redis.call('DEL', ukey(n))
  return told
end
local function append(out, list)
  for _, v in ipairs(list) do out[#out + 1] = v end
end
-- remove and expire, once they found `n` is to go: {1, node, conn, partner...} (see drop).
local function removal(n, e)
  local out = {1, e[1], e[2]}
  append(out, drop(n))
  publish()
  return out
end
)lua";

std::string with_helpers(char const* body) { return std::string(helpers) + body; }

}  // namespace

std::string const& claim() {
    static std::string const text = with_helpers(R"lua(
local n, presented, token, node, conn, rings, wish =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
touch(n)
local held = redis.call('HMGET', ukey(n), 'token', 'node', 'conn')
local replaced_node, replaced_conn, dropped = '', '', {}
if held[1] then
  if presented ~= '' and presented == held[1] then
    -- Reclaimed with its token: the call carries over; the old connection is closed.
    replaced_node, replaced_conn = held[2], held[3]
    redis.call('SREM', P .. 'node:' .. held[2] .. ':users', n)
  elseif not alive(held[2]) then
    local told = drop(n)  -- its node died and has not been swept yet
    dropped = {n, told[1] or '', told[2] or '', told[3] or ''}
  else
    return {0}
  end
end
redis.call('HSET', ukey(n), 'node', node, 'conn', conn, 'token', token, 'rings', rings)
redis.call('SADD', P .. 'node:' .. node .. ':users', n)
redis.call('SADD', P .. 'online', n)
redis.call('SADD', P .. 'nodes', node)
local relinked = 0
if wish ~= '' and wish ~= n then
  local mine = field(n, 'partner')
  if mine ~= '' then
    if mine == wish then relinked = 1 end
  else
    local asked, named = false, false
    if exists(wish) then
      local o = redis.call('HMGET', ukey(wish), 'partner', 'wanted')
      asked = (o[2] or '') == n and (o[1] or '') == ''
      named = (o[1] or '') == n
    end
    if asked or named then
      set_partner(n, wish)
      if asked then set_partner(wish, n) end
      relinked = 1
    else
      redis.call('HSET', ukey(n), 'wanted', wish)
    end
  end
end
publish()
local out = {1, replaced_node, replaced_conn, relinked}
append(out, dropped)
return out
)lua");
    return text;
}

std::string const& remove() {
    static std::string const text = with_helpers(R"lua(
local n = ARGV[1]
local e = redis.call('HMGET', ukey(n), 'node', 'conn')
if e[1] ~= ARGV[2] or e[2] ~= ARGV[3] then return {0} end
return removal(n, e)
)lua");
    return text;
}

std::string const& expire() {
    static std::string const text = with_helpers(R"lua(
local n = ARGV[1]
local e = redis.call('HMGET', ukey(n), 'node', 'conn', 'token')
if ARGV[2] == '' or e[3] ~= ARGV[2] then return {0} end
return removal(n, e)
)lua");
    return text;
}

std::string const& find() {
    static std::string const text = with_helpers(R"lua(
local e = redis.call('HMGET', ukey(ARGV[1]), 'node', 'conn')
if not e[1] or not alive(e[1]) then return {} end
return {e[1], e[2]}
)lua");
    return text;
}

std::string const& call() {
    static std::string const text = with_helpers(R"lua(
local from, to = ARGV[1], ARGV[2]
if from == to or not exists(to) then return {'not_online'} end
local b = redis.call('HMGET', ukey(to), 'node', 'conn', 'rings')
if not alive(b[1]) then return {'not_online'} end
local function answer(outcome, partner) return {outcome, b[1], b[2], b[3], partner or ''} end
if not exists(from) then return answer('not_signed_in') end
local mine = engaged(from)
if mine ~= '' and mine ~= to then return answer('already_in_call', mine) end
local theirs = engaged(to)
if theirs ~= '' and theirs ~= from then return answer('busy') end
set_partner(from, to)
set_partner(to, from)
publish()
return answer('ringing')
)lua");
    return text;
}

std::string const& linked() {
    static std::string const text = with_helpers(R"lua(
local from, to = ARGV[1], ARGV[2]
if not exists(from) or not exists(to) then return {} end
if field(from, 'partner') ~= to or field(to, 'partner') ~= from then return {} end
local b = redis.call('HMGET', ukey(to), 'node', 'conn')
return {b[1], b[2]}
)lua");
    return text;
}

std::string const& link() {
    static std::string const text = with_helpers(R"lua(
local from, to = ARGV[1], ARGV[2]
if from == to or not exists(from) or not exists(to) then return 0 end
-- Every offer and answer of a call lands here: nothing changes after the first.
if field(from, 'partner') == to and field(to, 'partner') ~= '' then return 0 end
set_partner(from, to)
local theirs = engaged(to)
if theirs == '' or theirs == from then set_partner(to, from) end
publish()
return 1
)lua");
    return text;
}

std::string const& unlink() {
    static std::string const text = with_helpers(R"lua(
local from, to = ARGV[1], ARGV[2]
local function end_side(a, b)
  if not exists(a) then return end
  if field(a, 'wanted') == b then touch(a); redis.call('HSET', ukey(a), 'wanted', '') end
  if field(a, 'partner') == b then clear_partner(a) end
end
end_side(from, to)
end_side(to, from)
publish()
return 1
)lua");
    return text;
}

std::string const& list() {
    static std::string const text = with_helpers(R"lua(
local out = {tonumber(redis.call('GET', P .. 'presence:seq') or '0')}
for _, n in ipairs(redis.call('SMEMBERS', P .. 'online')) do
  if n ~= ARGV[1] then out[#out + 1] = n; out[#out + 1] = status(n) end
end
return out
)lua");
    return text;
}

std::string const& sweep() {
    static std::string const text = with_helpers(R"lua(
local out = {}
for _, node in ipairs(redis.call('SMEMBERS', P .. 'nodes')) do
  if (ARGV[1] == '' and not alive(node)) or node == ARGV[1] then
    for _, n in ipairs(redis.call('SMEMBERS', P .. 'node:' .. node .. ':users')) do
      if field(n, 'node') == node then
        local told = drop(n)
        out[#out + 1] = n
        out[#out + 1] = told[1] or ''
        out[#out + 1] = told[2] or ''
        out[#out + 1] = told[3] or ''
      end
    end
    redis.call('DEL', P .. 'node:' .. node .. ':users')
    redis.call('SREM', P .. 'nodes', node)
  end
end
publish()
return out
)lua");
    return text;
}

}  // namespace duet::cluster::scripts
