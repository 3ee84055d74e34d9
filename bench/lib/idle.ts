/**
 * How long S0's connections sit idle before memory is read: past the keep-alive of the HTTP
 * connection that loaded each page (4 s in the load client's fetch, 5 s in Node's server), which is
 * not part of an idle live connection. At 2 s, each LiveTS page connection still counted its page
 * load's socket and response buffers (54 KB of external memory per connection on the 1,000-row table).
 */
export const IDLE_SETTLE_MS = 6000
