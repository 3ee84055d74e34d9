// The one name livets/cluster and the dev reload stream share, in a module of its own: the cluster's
// primary imports it without the dev server (Hono, the dev client), which would cost the primary
// 8 MB of RSS it never uses (docs/scaling.md, "Topologies").

/** Set by livets/cluster for its workers: one boot id for all of them (a restart of the whole app changes it). */
export const DEV_BOOT_ENV = 'LIVETS_DEV_BOOT'
