// What a session sends around a render besides the render itself (docs/navigation.md,
// docs/client.md): a LOCATION and a TITLE before it (the page takes its history step and title
// before it shows the new view), EXEC and HOOK_EVENT frames after it (client commands and hook
// events act on the page as rendered), and the navigation a handler asked for. Made for a session
// when it first needs one, and dropped once sent: an idle session carries none.
import type { WantedNavigation } from '../navigation/session-navigation.ts'

export class PageFrames {
  readonly before: Uint8Array[] = []
  readonly after: Uint8Array[] = []
  wanted: WantedNavigation | undefined

  get empty(): boolean { return this.before.length === 0 && this.after.length === 0 && this.wanted === undefined }

  /** A failed step leaves nothing behind: no URL change, no commands, no events. */
  clear(): void {
    this.before.length = 0
    this.after.length = 0
    this.wanted = undefined
  }
}
