// The board's chart: a hook (docs/client.md, "Hooks") that draws cards per column as SVG bars in
// the region it owns (ts-update="ignore"). It asks the view for the counts when it mounts
// (pushEvent('chartData'), declared by ts-hook-events) and redraws on each pushEvent('counts').
// Loaded as a plain script in the page's head, so the hook is registered before the client runs.
(() => {
  const SVG = 'http://www.w3.org/2000/svg'
  const COLUMNS = [['todo', 'To do', '#818cf8'], ['doing', 'Doing', '#f59e0b'], ['done', 'Done', '#10b981']]
  const WIDTH = 240
  const HEIGHT = 120
  const BAR = 48
  const LABEL = 18

  const svgElement = (name, attributes) => {
    const element = document.createElementNS(SVG, name)
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value))
    return element
  }

  /** Draws the bars once, then moves them: a redraw changes heights and labels in place. */
  function draw(canvas, counts) {
    let svg = canvas.querySelector('svg')
    if (!svg) {
      svg = svgElement('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: '100%', height: '100%', role: 'img' })
      COLUMNS.forEach(([column, name, color], i) => {
        const x = 16 + i * (BAR + 32)
        const bar = svgElement('g', { class: 'bar', 'data-column': column })
        bar.append(
          svgElement('rect', { x, width: BAR, y: HEIGHT - LABEL, height: 0, rx: 4, fill: color }),
          svgElement('text', { class: 'bar-count', x: x + BAR / 2, y: HEIGHT - LABEL - 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#334155' }),
          svgElement('text', { x: x + BAR / 2, y: HEIGHT - 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#64748b' }),
        )
        bar.lastChild.textContent = name
        svg.append(bar)
      })
      canvas.append(svg)
    }
    const max = Math.max(1, ...COLUMNS.map(([column]) => counts[column] ?? 0))
    const room = HEIGHT - LABEL - 18
    for (const bar of svg.querySelectorAll('.bar')) {
      const count = counts[bar.dataset.column] ?? 0
      const height = Math.round((count / max) * room)
      bar.dataset.count = String(count)
      bar.querySelector('rect').setAttribute('height', String(height))
      bar.querySelector('rect').setAttribute('y', String(HEIGHT - LABEL - height))
      const label = bar.querySelector('.bar-count')
      label.textContent = String(count)
      label.setAttribute('y', String(HEIGHT - LABEL - height - 4))
    }
    svg.setAttribute('aria-label', COLUMNS.map(([column, name]) => `${name}: ${counts[column] ?? 0}`).join(', '))
  }

  window.LiveTS = window.LiveTS ?? {}
  window.LiveTS.hooks = window.LiveTS.hooks ?? {}
  window.LiveTS.hooks.ColumnChart = {
    async mounted() {
      this.canvas = this.el.querySelector('#chart-canvas')
      this.handleEvent('counts', (counts) => draw(this.canvas, counts))
      draw(this.canvas, await this.pushEvent('chartData', {}))
    },
  }
})()
