// Rate limits for `.debounce.<ms>` and `.throttle.<ms>`. Each returns a gate that is handed the send
// to make; the gate decides when (and whether) it runs. One gate per element and attribute.

export type Gate = (send: () => void) => void

/** Runs the last send once no new one came for `ms`: typing "hello" sends "hello", once. */
export function debounce(ms: number): Gate {
  let timer: ReturnType<typeof setTimeout> | undefined
  return (send) => {
    clearTimeout(timer)
    timer = setTimeout(send, ms)
  }
}

/**
 * Runs a send at once, then at most one per `ms`: what comes in meanwhile is not lost, the last of
 * it runs when the window ends (and opens the next window), so the server sees the final state.
 */
export function throttle(ms: number): Gate {
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiting: (() => void) | undefined
  const windowEnds = (): void => {
    timer = undefined
    const send = waiting
    waiting = undefined
    if (send) {
      send()
      timer = setTimeout(windowEnds, ms)
    }
  }
  return (send) => {
    if (timer !== undefined) { waiting = send; return }
    send()
    timer = setTimeout(windowEnds, ms)
  }
}
