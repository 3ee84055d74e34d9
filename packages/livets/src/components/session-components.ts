// Components in a live session (docs/components.md): their events, their own renders and what they
// send their parent. Every piece of their code runs through the session's funnel like the view's: a
// throw rolls back (components included) and answers with an ERROR. A component's step renders that
// component alone (LiveSession.sendRender with `component`), so its cost does not grow with the page.
import { ERROR_UNKNOWN_EVENT, ERROR_UNKNOWN_TARGET } from '@livets/client/protocol'
import type { EventPayload } from '../live-view.ts'
import type { LiveSession, Step } from '../session.ts'
import { modelBinding, modelValue, writePath } from '../model.ts'
import { formWork } from '../forms/dispatch.ts'
import { RESERVED_COMPONENT_NAMES, type ComponentConnection, type LiveComponent } from './live-component.ts'
import type { ComponentEntry, ComponentRegistry } from './registry.ts'

/**
 * The session's side of its components: what a placed component's setState and sendParent reach.
 * The session makes it when a component first needs it (a page without components has none).
 */
export class SessionComponents implements ComponentConnection {
  /** Components with a render of their own queued already (made with the first). */
  private queued: Set<number> | undefined

  constructor(private readonly session: LiveSession) {}

  private registry(): ComponentRegistry | undefined { return this.session.componentRegistry }

  /** An EVENT for component `target`: its method, handleEvent or ts-model, then its render alone. */
  event(target: number, name: string, payload: EventPayload, pairs: Array<[string, string]>): Promise<void> | void {
    const session = this.session
    const entry = this.registry()?.get(target)
    if (!entry) {
      session.host.log.warn(`[livets] ${session.viewName} ${session.id}: event '${name}' for component ${target}, which the page does not show`)
      return session.answerWithError(ERROR_UNKNOWN_TARGET, `no component ${target} on the page (it was removed)`)
    }
    const component = entry.instance
    const label = labelOf(entry)
    const step = { event: name, answers: true, component: entry }
    const model = modelBinding(name)
    if (model) return session.run({ ...step, label: `${label} ts-model="${model.path.join('.')}"`, work: () => writePath(component.state, model.path, modelValue(payload, model.modifiers)) })
    const method = RESERVED_COMPONENT_NAMES.has(name) ? undefined : (component as unknown as Record<string, unknown>)[name]
    const form = formWork(label, component as never, name, method, pairs)
    if (form) return session.run({ ...step, label: form.label, work: () => form.work(component as never) })
    if (typeof method === 'function') return session.run({ ...step, label: `${label}.${name}()`, work: () => method.call(component, payload) })
    if (component.handleEvent) return session.run({ ...step, label: `${label}.handleEvent('${name}')`, work: () => component.handleEvent!(name, payload) })
    session.host.log.warn(`[livets] ${label} has no handler '${name}': add a method ${name}(payload) or handleEvent(name, payload)`)
    return session.answerWithError(ERROR_UNKNOWN_EVENT, `unknown event '${name}' for ${label}`)
  }

  /** ComponentConnection: setState() or a stream change; outside the component's own step, a PUSH of its render alone. */
  componentChanged(component: LiveComponent<any, any>): void {
    const entry = this.registry()?.entryOf(component)
    if (!entry) return
    entry.stale = true // a render of the page under way or next renders it too
    const queued = this.queued ??= new Set()
    if (queued.has(entry.number) || this.session.handlingStep) return
    queued.add(entry.number)
    this.session.later(async () => {
      await Promise.resolve()
      queued.delete(entry.number)
      if (!entry.stale || this.registry()?.get(entry.number) !== entry) return // rendered since, or gone
      return this.session.run({ label: `${labelOf(entry)}.setState()`, answers: false, component: entry, work: () => {} })
    })
  }

  /** ComponentConnection: the parent (the view, or the component it is placed in) hears `message` in handleInfo, then renders. */
  sendParent(component: LiveComponent<any, any>, message: unknown): void {
    const entry = this.registry()?.entryOf(component)
    if (!entry) return
    this.session.later(() => {
      const registry = this.registry()
      const parent = entry.parent === 0 ? undefined : registry?.get(entry.parent)
      if (entry.parent !== 0 && !parent) return
      const target = parent ? parent.instance : this.session.currentView
      if (!target?.handleInfo) {
        this.session.host.log.warn(`[livets] ${labelOf(entry)}.sendParent(): ${parent ? labelOf(parent) : this.session.viewName} has no handleInfo(message) to hear it`)
        return
      }
      const step: Step = { label: `${parent ? labelOf(parent) : this.session.viewName}.handleInfo() from ${labelOf(entry)}`, answers: false, component: parent, work: () => target.handleInfo!(message) }
      return this.session.run(step)
    })
  }
}

export const labelOf = (entry: ComponentEntry): string => `${entry.Class.name}#${entry.id}`
