// Views reachable from a live connection, by the id their page's token names.
import type { LiveViewClass } from './live-view.ts'

export interface ViewEntry { id: string; View: LiveViewClass; title: string }

const byId = new Map<string, ViewEntry>()
const byClass = new Map<LiveViewClass, ViewEntry>()

/**
 * Registers a view once. The id is the class name (with a suffix for a second class of the same
 * name), so processes that register the same views in the same order agree on ids.
 */
export function registerView(View: LiveViewClass, title: string): ViewEntry {
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
