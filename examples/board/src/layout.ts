// What every page of the board shares: the header with its live links, and the flash messages.
import { flashGroup, html, type LiveView, type Renderable } from 'livets'

export type Section = 'board' | 'settings' | 'card'

const link = (active: boolean): string =>
  active ? 'rounded-md bg-white/15 px-3 py-1.5 font-medium text-white' : 'rounded-md px-3 py-1.5 text-indigo-100 hover:bg-white/10 hover:text-white'

/** The page around a view's content. The links are ts-navigate: one socket for the whole app. */
export function layout(view: LiveView<any>, boardName: string, section: Section, content: Renderable) {
  return html`<div class="min-h-screen">
  <header class="bg-indigo-700 shadow">
    <nav class="mx-auto flex max-w-6xl items-center gap-2 px-4 py-3 text-sm">
      <a id="nav-board" href="/" ts-navigate class="mr-4 text-lg font-semibold tracking-tight text-white">${boardName}</a>
      <a id="nav-cards" href="/" ts-navigate class=${link(section !== 'settings')}>Cards</a>
      <a id="nav-settings" href="/settings" ts-navigate class=${link(section === 'settings')}>Settings</a>
    </nav>
  </header>
  <div class="mx-auto max-w-6xl px-4 pt-4 [&_.ts-flash]:mb-2 [&_.ts-flash]:cursor-pointer [&_.ts-flash]:rounded-lg [&_.ts-flash]:px-4 [&_.ts-flash]:py-2 [&_.ts-flash]:text-sm [&_.ts-flash]:shadow-sm [&_.ts-flash-info]:bg-emerald-100 [&_.ts-flash-info]:text-emerald-900 [&_.ts-flash-error]:bg-rose-100 [&_.ts-flash-error]:text-rose-900">${flashGroup(view)}</div>
  <main class="mx-auto max-w-6xl px-4 pb-16 pt-2">${content}</main>
</div>`
}
