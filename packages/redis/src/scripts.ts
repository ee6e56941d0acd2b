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
 * Event key values: `d` = done, `l:<owner>` = a lease held by one attempt.
 * KEYS[1] = the event key; ARGV[1] = lease ms; ARGV[2] = owner. Returns 'claimed' | 'in_progress' | 'done'.
 */
export const CLAIM = script(`
local v = redis.call('GET', KEYS[1])
if v == 'd' then return 'done' end
if v then return 'in_progress' end
redis.call('SET', KEYS[1], 'l:' .. ARGV[2], 'PX', ARGV[1])
return 'claimed'
`);

/** KEYS[1] = the event key; ARGV[1] = lease ms; ARGV[2] = owner. Returns 1 when the owner still held the lease. */
export const RENEW = script(`
if redis.call('GET', KEYS[1]) == 'l:' .. ARGV[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return 1
end
return 0
`);

/** KEYS[1] = the event key; ARGV[1] = owner. Deletes the lease only when the owner still holds it. */
export const RELEASE = script(`
if redis.call('GET', KEYS[1]) == 'l:' .. ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
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
