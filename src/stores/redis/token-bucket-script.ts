// The token bucket as one Lua script, so read-refill-take-write is atomic across every instance.
// Time is Redis's own (TIME), so instances with skewed clocks still share one bucket exactly.
// A bucket expires once it would be full again: an absent key and a full bucket are the same.
// It holds `limit` tokens but at least one, as in process (see bucketCapacity).

/** KEYS[1] bucket; ARGV[1] limit, ARGV[2] window in ms. Returns {allowed (0/1), tokens after, as a string}. */
export const TOKEN_BUCKET_LUA = `
local limit = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2])
local capacity = math.max(1, limit)
local refill_per_ms = limit / window_ms
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000

local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated_at')
local tokens = tonumber(state[1])
local updated_at = tonumber(state[2])
if tokens == nil or updated_at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - updated_at) * refill_per_ms)
end

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end

redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated_at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(1, math.ceil((capacity - tokens) / refill_per_ms))))
return { allowed, string.format('%.17g', tokens) }
`;
