// S0-max's LiveTS server (bench/scenarios/max-connections.ts): the idle page alone, as ws-floor.ts
// is `ws` alone. livets-app.ts serves every scenario's page, and the modules of the others (zod
// for S6, the examples) would count in the fixed cost of each of S0-max's dozen processes, which
// the ratio against the floor includes. Run compiled (bench/tsconfig.servers.json) on plain node
// with --expose-gc, NODE_ENV=production and LIVETS_SECRET; WORKERS runs it under livets/cluster
// (with LIVETS_REDIS_URL), whose primary imports the page only in its workers, as docs/scaling.md
// recommends.
import { runCluster } from 'livets/cluster'

const start = async (): Promise<void> => { await (await import('./idle-page.ts')).serveIdlePage() }
if (process.env.WORKERS) await runCluster(start, { workers: Number(process.env.WORKERS) })
else await start()
