/**
 * How long S0's connections sit idle before memory is read: past the keep-alive of the HTTP
 * connection that loaded each page (4 s in the load client's fetch, 5 s in Node's server), which is
 * not part of an idle live connection. At 2 s, each LiveTS page connection still counted its page
 * load's socket and response buffers (54 KB of external memory per connection on the 1,000-row table).
 */
export const IDLE_SETTLE_MS = 6000

/**
 * V8 options for the servers S0 compares: a nursery (new space) of fixed size, 2 × 16 MB, V8's
 * largest by default on 64-bit. It grows from 1 MB as objects survive scavenges and full collections
 * never shrink it, so without these a connection burst could count up to 32 MB more in one server's
 * reading than in another's (3.2 KB per connection at 10,000, either way from run to run). Fixed,
 * and made resident before each reading (bench/servers/gc.ts), it is the fixed cost it is.
 */
export const FIXED_NURSERY = ['--min-semi-space-size=16', '--max-semi-space-size=16']
