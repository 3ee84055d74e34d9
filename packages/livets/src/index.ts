// The public API of LiveTS (docs/design.md §4). Runtime adapters live under livets/<runtime>.
export { LiveView, type MountContext, type EventPayload } from './live-view.ts'
export { html, raw, TemplateResult, RawHtml, type Renderable } from './html.ts'
export { live, type LiveOptions } from './live.ts'
export { broadcast } from './pubsub.ts'
export { defineForm, LiveForm, type FormState } from './forms/form.ts'
export { field, input, errorText, formErrors, type Field, type InputOptions } from './forms/helpers.ts'
export { flashGroup, type Flash } from './flash.ts'
export type { Upload, UploadEntry, UploadOptions } from './uploads/uploads.ts'
