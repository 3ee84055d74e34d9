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
    return html`<main>
  <h1>Counter</h1>
  <p><button ts-on:click="decrement" aria-label="decrement">−</button>
  <output id="count">${this.state.count}</output>
  <button ts-on:click="increment" aria-label="increment">+</button></p>
  <p><label>Say something <input id="text" name="text" autocomplete="off" ts-on:input="echo" value="${this.state.text}"></label></p>
  <p>Echo: <strong id="echo">${this.state.text.toUpperCase()}</strong></p>
</main>`
  }
}
