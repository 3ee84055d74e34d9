// The page chrome every view renders inside: header with navigation, content, footer.
import { html, type Renderable } from 'livets'
import { NAV } from './nav.ts'

/** What each page's <head> gets: the stylesheet and the icon from public/. */
export const HEAD = '<link rel="stylesheet" href="/app.css"><link rel="icon" href="/favicon.svg">'

export function layout(current: string, content: Renderable) {
  return html`<div class="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased">
  <header class="border-b border-slate-200 bg-white/80 backdrop-blur">
    <div class="mx-auto flex max-w-3xl items-center justify-between px-6 py-4">
      <a href="/" class="flex items-center gap-2 font-semibold tracking-tight">
        <img src="/favicon.svg" alt="" class="size-7"> __APP_NAME__
      </a>
      <nav class="flex gap-1 text-sm font-medium">${NAV.map(([href, label]) => html`<a href="${href}"
        class="${href === current ? 'rounded-lg bg-indigo-50 px-3 py-1.5 text-indigo-700' : 'rounded-lg px-3 py-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900'}">${label}</a>`)}</nav>
    </div>
  </header>
  <main class="mx-auto w-full max-w-3xl flex-1 px-6 py-12">${content}</main>
  <footer class="border-t border-slate-200 py-6 text-center text-sm text-slate-500">
    Server-rendered and live with <span class="font-medium text-indigo-600">LiveTS</span>
  </footer>
</div>`
}
