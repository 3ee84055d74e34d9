// Which connections the server closed during a part, by close code and reason.
import type { LiveClient } from 'livets/testing'

export function tallyCloses(clients: LiveClient[]): { total(): number; byCode: Record<string, number> } {
  const byCode: Record<string, number> = {}
  for (const client of clients) {
    void client.closed().then(({ code, reason }) => { const key = `${code} ${reason}`.trim(); byCode[key] = (byCode[key] ?? 0) + 1 })
  }
  return { total: () => Object.values(byCode).reduce((a, b) => a + b, 0), byCode }
}
