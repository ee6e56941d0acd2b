import { createHash } from 'node:crypto';

/** A Lua script run with EVALSHA (EVAL once per node after a restart or failover, on NOSCRIPT). */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

function script(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * The event key remembers attempts (`PaywireStore.remembersAttempts`). Its value is one of:
 * - `L:<lease end, Redis ms>:<owner>`: a lease; past its end, an attempt that did not finish (reclaimable);
 * - `r`: an attempt that released its lease without finishing;
 * - `d`: done.
 * A claimed key lives `max(lease, remember)` ms (the dedup TTL: as long as a done marker), so an attempt that
 * dies is still known when the provider retries. Lease ends are Redis's own clock (`TIME`): one clock for every
 * instance. `owner` may hold colons: it is everything after the second one.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** `v`'s lease end and owner, when it is a lease (`L:<end>:<owner>`). */
const LEASE = `local function lease(v)
  if not v or string.sub(v, 1, 2) ~= 'L:' then return nil end
  local colon = string.find(v, ':', 3, true)
  return tonumber(string.sub(v, 3, colon - 1)), string.sub(v, colon + 1)
end`;

/**
 * KEYS[1] = the event key; ARGV[1] = lease ms; ARGV[2] = owner; ARGV[3] = remember ms (optional: the lease's).
 * Returns 'claimed' | 'reclaimed' | 'in_progress' | 'done'.
 */
export const CLAIM = script(`
${NOW}
${LEASE}
local v = redis.call('GET', KEYS[1])
if v == 'd' then return 'done' end
local answer = 'claimed'
if v then
  local ends = lease(v)
  if ends and ends > now then return 'in_progress' end
  answer = 'reclaimed'
end
local ms = tonumber(ARGV[1])
redis.call('SET', KEYS[1], 'L:' .. (now + ms) .. ':' .. ARGV[2], 'PX', math.max(ms, tonumber(ARGV[3] or ms)))
return answer
`);

/**
 * KEYS[1] = the event key; ARGV[1] = lease ms; ARGV[2] = owner. Returns 1 when the owner still held a live lease
 * (now extended to `lease ms` from now; the key lives at least that long), else 0.
 */
export const RENEW = script(`
${NOW}
${LEASE}
local ends, owner = lease(redis.call('GET', KEYS[1]))
if not ends or ends <= now or owner ~= ARGV[2] then return 0 end
local ms = tonumber(ARGV[1])
redis.call('SET', KEYS[1], 'L:' .. (now + ms) .. ':' .. owner, 'PX', math.max(ms, redis.call('PTTL', KEYS[1])))
return 1
`);

/**
 * KEYS[1] = the event key; ARGV[1] = owner. When the owner still holds a live lease, ends it and remembers the
 * unfinished attempt (`r`, the key's TTL kept); returns 1 then, else 0.
 */
export const RELEASE = script(`
${NOW}
${LEASE}
local ends, owner = lease(redis.call('GET', KEYS[1]))
if not ends or ends <= now or owner ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], 'r', 'KEEPTTL')
return 1
`);

/**
 * The ledger's compare-and-set. The value is `<version>:<record JSON>`.
 * KEYS[1] = the payment key; ARGV[1] = expected version (0: none may exist); ARGV[2] = record JSON;
 * ARGV[3] = retention ms. Returns the new version, or 0 on a conflict (nothing written).
 */
export const PUT_PAYMENT = script(`
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local colon = string.find(current, ':', 1, true)
  version = tonumber(string.sub(current, 1, colon - 1))
end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], (version + 1) .. ':' .. ARGV[2], 'PX', ARGV[3])
return version + 1
`);
