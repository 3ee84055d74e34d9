import { LiveView, html } from 'livets'

interface State { count: number; text: string }

/** + and − buttons around a count, and an input echoed back in upper case. */
export class Counter extends LiveView<State> {
  mount() {
    this.state = { count: 0, text: '' }
  }

  increment() { this.state.count++ }
  decrement() { this.state.count-- }
  echo({ value }: { value: string }) { this.state.text = value }

  render() {
    return html`<main class="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-50 to-indigo-50 p-6 text-slate-900 antialiased">
  <section class="w-full max-w-md rounded-2xl bg-white p-8 shadow-lg shadow-indigo-100 ring-1 ring-slate-200">
    <p class="text-sm font-medium uppercase tracking-wider text-indigo-600">LiveTS example</p>
    <h1 class="mt-1 text-2xl font-semibold tracking-tight">Counter</h1>
    <p class="mt-8 flex items-center justify-between gap-4">
      <button ts-on:click="decrement" aria-label="decrement"
        class="size-14 rounded-full bg-slate-100 text-2xl font-semibold text-slate-700 transition hover:bg-slate-200 active:scale-95">−</button>
      <output id="count" class="text-6xl font-bold tabular-nums tracking-tight">${this.state.count}</output>
      <button ts-on:click="increment" aria-label="increment"
        class="size-14 rounded-full bg-indigo-600 text-2xl font-semibold text-white shadow-sm transition hover:bg-indigo-500 active:scale-95">+</button>
    </p>
    <p class="mt-8"><label class="block text-sm font-medium text-slate-700">Say something
      <input id="text" name="text" autocomplete="off" ts-on:input="echo" value="${this.state.text}"
        class="mt-2 block w-full rounded-lg border border-slate-300 px-3 py-2 font-normal outline-none ring-indigo-200 focus:border-indigo-500 focus:ring-4"></label></p>
    <p class="mt-4 min-h-7 rounded-lg bg-slate-50 px-3 py-1 text-sm text-slate-500">Echo: <strong id="echo" class="font-semibold text-slate-900">${this.state.text.toUpperCase()}</strong></p>
  </section>
</main>`
  }
}
