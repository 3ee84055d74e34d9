// The error overlay's stylesheet, served at /_livets/dev.css in development (docs/dev-loop.md). A
// stylesheet rather than inline styles, so the overlay shows under a strict Content-Security-Policy.
// Every class is prefixed livets-dev- so that it never meets an app's own.

export const DEV_STYLESHEET_PATH = '/_livets/dev.css'

export const DEV_STYLESHEET = `
.livets-dev-overlay { position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: flex-start; justify-content: center;
  padding: 5vh 16px; overflow: auto; background: rgba(17, 24, 39, .55); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827 }
.livets-dev-panel { width: min(960px, 100%); background: #fff; border-top: 6px solid #dc2626; border-radius: 8px;
  box-shadow: 0 20px 50px rgba(0, 0, 0, .35); padding: 20px 24px }
.livets-dev-where { margin: 0; color: #6b7280; font-size: 13px }
.livets-dev-view { font-weight: 600; color: #111827 }
.livets-dev-phase { font-family: ui-monospace, SFMono-Regular, Menlo, monospace }
.livets-dev-message { margin: 6px 0 12px; font-size: 18px; font-weight: 600; color: #b91c1c; white-space: pre-wrap; word-break: break-word }
.livets-dev-note { margin: 0 0 12px; padding: 8px 12px; background: #fef3c7; border-radius: 6px }
.livets-dev-template, .livets-dev-stack { margin: 0 0 12px; padding: 10px 12px; background: #f3f4f6; border-radius: 6px; overflow: auto;
  font: 12.5px/1.55 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre }
.livets-dev-line { display: block }
.livets-dev-line-number { display: inline-block; min-width: 3ch; margin-right: 1.5ch; text-align: right; color: #9ca3af; user-select: none }
.livets-dev-line-error { background: #fee2e2 }
.livets-dev-caret { display: block; color: #dc2626; font-weight: 700 }
.livets-dev-frame { display: block }
.livets-dev-frame-library { color: #9ca3af }
.livets-dev-heading { margin: 12px 0 4px; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: #6b7280 }
.livets-dev-footer { display: flex; gap: 12px; align-items: center; justify-content: space-between; color: #6b7280; font-size: 13px }
.livets-dev-close { font: inherit; padding: 4px 12px; border: 1px solid #d1d5db; border-radius: 6px; background: #fff; cursor: pointer }
.livets-dev-failed { font: 16px/1.5 system-ui, sans-serif; margin: 10vh auto; max-width: 40rem; color: #374151 }
`
