// TodoMVC routes by the URL's hash: #/ (all), #/active, #/completed. A server never sees a hash,
// so this hook tells the view which route the page is on: at load (a deep link, a reload), after
// a reconnect, and at every change (a filter link, the back and forward buttons). The view's
// element declares the one handler it may call: ts-hook="HashRoute" ts-hook-events="route"
// (docs/client.md, "Hooks"). Loaded from <head>, before the deferred LiveTS client.
window.LiveTS = window.LiveTS || {}
window.LiveTS.hooks = Object.assign(window.LiveTS.hooks || {}, {
  HashRoute: {
    mounted() {
      this.sendRoute = () => this.pushEvent('route', { hash: location.hash })
      window.addEventListener('hashchange', this.sendRoute)
      // No hash: the route the server rendered (`/?filter=…`, or all) stands.
      if (location.hash) this.sendRoute()
    },
    reconnected() { if (location.hash) this.sendRoute() },
    destroyed() { window.removeEventListener('hashchange', this.sendRoute) },
  },
})
