// A live view: its state lives on the server; each click is an event, and the page receives only
// the bytes that changed. The step field is checked with zod on every keystroke.
import { LiveView, html, type EventPayload } from 'livets'
import { z } from 'zod'
import { layout } from '../layout.ts'

const Step = z.coerce.number({ error: 'Enter a number' }).int('Enter a whole number').min(1, 'At least 1').max(100, 'At most 100')

interface State {
  count: number
  step: number
  /** The step field as typed, and what is wrong with it. */
  stepText: string
  stepError: string
}

export class Counter extends LiveView<State> {
  mount() {
    this.state = { count: 0, step: 1, stepText: '1', stepError: '' }
  }

  increment() { this.state.count += this.state.step }
  decrement() { this.state.count -= this.state.step }
  reset() { this.state.count = 0 }

  setStep({ value }: EventPayload) {
    this.state.stepText = value
    const step = Step.safeParse(value)
    this.state.stepError = step.success ? '' : step.error.issues[0].message
    if (step.success) this.state.step = step.data
  }

  render() {
    const { count, step, stepText, stepError } = this.state
    return layout('/', html`<section class="mx-auto max-w-md rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
  <p class="text-sm font-medium uppercase tracking-wider text-indigo-600">Live counter</p>
  <h1 class="mt-1 text-2xl font-semibold tracking-tight">Count by ${step}</h1>
  <div class="mt-8 flex items-center justify-between gap-4">
    <button ts-on:click="decrement" aria-label="decrement"
      class="size-14 rounded-full bg-slate-100 text-2xl font-semibold text-slate-700 transition hover:bg-slate-200 active:scale-95">−</button>
    <output id="count" class="text-6xl font-bold tabular-nums tracking-tight">${count}</output>
    <button ts-on:click="increment" aria-label="increment"
      class="size-14 rounded-full bg-indigo-600 text-2xl font-semibold text-white shadow-sm transition hover:bg-indigo-500 active:scale-95">+</button>
  </div>
  <label class="mt-8 block text-sm font-medium text-slate-700" for="step">Step</label>
  <input id="step" name="step" inputmode="numeric" autocomplete="off" value="${stepText}" ts-on:input="setStep"
    aria-invalid="${stepError ? 'true' : 'false'}" aria-describedby="step-error"
    class="${stepError ? 'mt-2 w-full rounded-lg border border-rose-400 px-3 py-2 outline-none ring-rose-200 focus:ring-4' : 'mt-2 w-full rounded-lg border border-slate-300 px-3 py-2 outline-none ring-indigo-200 focus:border-indigo-500 focus:ring-4'}">
  <p id="step-error" class="mt-2 min-h-5 text-sm text-rose-600">${stepError}</p>
  <button ts-on:click="reset" class="mt-4 text-sm font-medium text-slate-500 hover:text-slate-900">Reset</button>
</section>`)
  }
}
