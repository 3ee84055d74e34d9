// The development half of safe URL attributes: the engine replaces an interpolated
// `javascript:`, `vbscript:` or document `data:` URL in href, src, action and the other URL
// attributes with a harmless one (Rendering/SafeUrls.cs, docs/security.md); here the developer is
// told which value was replaced, and how to pass a trusted one.
import type { EngineAddon } from '@livets/engine'
import type { Logger } from './session.ts'

export function warnBlockedUrls(engine: EngineAddon, log: Pick<Logger, 'warn'>, view: string): void {
  for (const blocked of engine.takeBlockedUrls()) {
    log.warn(`[livets] ${view}: ${blocked} is not a safe URL and was replaced by about:invalid#unsafe-url. ` +
      'If the value is yours and trusted, pass it through raw().')
  }
}
