// Development: failures of application code, addressed to the page that shows the failing view
// (docs/dev-loop.md, "The error overlay"). It hears the telemetry channels: an error is turned into
// details (error-details.ts) and sent on that page's event stream, and kept until the view's next
// good render, which clears it — so a page whose stream connects after the error (a restarted
// server) still learns it. Production never builds this.
import diagnostics from 'node:diagnostics_channel'
import { CHANNEL, type ErrorMessage, type RenderMessage } from '../telemetry.ts'
import { errorDetails } from './error-details.ts'

/** Where the page errors are delivered: the development event stream (reload.ts). */
export interface PageChannel {
  tell(page: string, event: string, data: string): void
}

/** The event a page's overlay shows, and the one that takes it away. */
export const PAGE_ERROR_EVENT = 'view-error'
export const PAGE_OK_EVENT = 'view-ok'

/** Errors kept for pages whose stream is not there yet; past this the oldest go. */
const MAX_KEPT = 100

export class PageErrors {
  /** page id → the details of its view's last error, as sent */
  private readonly kept = new Map<string, string>()
  private readonly onError = (message: unknown): void => this.failed(message as ErrorMessage)
  private readonly onRender = (message: unknown): void => this.rendered(message as RenderMessage)

  /** `pageOf`: the page a live connection serves (its session's page id), if any. */
  constructor(private readonly channel: PageChannel, private readonly pageOf: (connection: string) => string | undefined) {
    diagnostics.subscribe(CHANNEL.error, this.onError)
    diagnostics.subscribe(CHANNEL.render, this.onRender)
  }

  /** The error a page's view is in, as sent (for a stream that just connected). */
  current(page: string): string | undefined { return this.kept.get(page) }

  stop(): void {
    diagnostics.unsubscribe(CHANNEL.error, this.onError)
    diagnostics.unsubscribe(CHANNEL.render, this.onRender)
    this.kept.clear()
  }

  private failed({ connection, view, phase, error, timedOut, remounted }: ErrorMessage): void {
    const page = this.pageOf(connection)
    if (!page) return
    const data = JSON.stringify(errorDetails(view, phase, error, { timedOut, remounted }))
    this.kept.delete(page)
    this.kept.set(page, data)
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!)
    this.channel.tell(page, PAGE_ERROR_EVENT, data)
  }

  private rendered({ connection }: RenderMessage): void {
    const page = this.pageOf(connection)
    if (!page || !this.kept.delete(page)) return
    this.channel.tell(page, PAGE_OK_EVENT, '')
  }
}
