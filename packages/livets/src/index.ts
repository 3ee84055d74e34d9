// The public API of LiveTS (docs/design.md §4). Runtime adapters live under livets/<runtime>.
export { LiveView, type MountContext, type EventPayload } from './live-view.ts'
export { html, raw, TemplateResult, RawHtml, type Renderable } from './html.ts'
export { live, type LiveOptions } from './live.ts'
export { broadcast, presence, syncPresence, type PresenceDiff, type PresenceList, type PresenceMeta } from './pubsub.ts'
