// Which component an event is for (docs/components.md): the one whose markup it happened in, found
// by the number on the component's root element, or the one the element's ts-target names by id
// (`@view`: the view itself). 0 is the view.
import { ATTR_COMPONENT, ATTR_COMPONENT_ID, DIRECTIVE_TARGET, TARGET_VIEW } from './protocol.ts'

/** The EVENT target for an event of `element`, or null when its ts-target names no component on the page. */
export function targetOf(root: Element, element: Element): number | null {
  const named = element.getAttribute(DIRECTIVE_TARGET)?.trim()
  if (named !== undefined && named !== '') {
    if (named === TARGET_VIEW) return 0
    const found = root.querySelector(`[${ATTR_COMPONENT_ID}="${CSS.escape(named)}"]`)
    return found ? Number(found.getAttribute(ATTR_COMPONENT)) : null
  }
  const enclosing = element.closest(`[${ATTR_COMPONENT}]`)
  return enclosing && root.contains(enclosing) ? Number(enclosing.getAttribute(ATTR_COMPONENT)) : 0
}
