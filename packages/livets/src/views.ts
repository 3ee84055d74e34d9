// Views reachable from a live connection, by the id their page's token names.
import type { LiveViewClass } from './live-view.ts'

/** A page's title: fixed, or a function of the view's state (docs/navigation.md). */
export type Title = string | ((state: any) => string)

export interface ViewEntry { id: string; View: LiveViewClass; title: Title }

const byId = new Map<string, ViewEntry>()
const byClass = new Map<LiveViewClass, ViewEntry>()

/**
 * Registers a view once. The id is the class name (with a suffix for a second class of the same
 * name), so processes that register the same views in the same order agree on ids.
 */
export function registerView(View: LiveViewClass, title: Title): ViewEntry {
  const known = byClass.get(View)
  if (known) return known
  let id = View.name || 'View'
  for (let n = 2; byId.has(id); n++) id = `${View.name || 'View'}#${n}`
  const entry = { id, View, title }
  byId.set(id, entry)
  byClass.set(View, entry)
  return entry
}

export function findView(id: string): ViewEntry | undefined {
  return byId.get(id)
}

/** The title of a page of `entry` showing `state`; a title function that throws gives the view's id (and the error goes to the log). */
export function titleOf(entry: ViewEntry, state: unknown): string {
  if (typeof entry.title === 'string') return entry.title
  try {
    return String(entry.title(state))
  } catch (error) {
    console.error(`[livets] the title of ${entry.id} threw`, error)
    return entry.id
  }
}
