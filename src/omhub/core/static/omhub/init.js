// Progressive enhancement only: every page works without this file.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
  if (window.GOVUKFrontend) window.GOVUKFrontend.initAll()
  if (window.MOJFrontend) window.MOJFrontend.initAll()
}

// A what-if run's page: follow its progress without reloading (the page says how to refresh without this).
document.querySelectorAll('[data-omhub-progress]').forEach(function (panel) {
  var text = panel.querySelector('[data-omhub-progress-text]')
  var bar = panel.querySelector('[data-omhub-progress-bar]')
  var link = panel.querySelector('[data-omhub-progress-link]')
  function look () {
    fetch(panel.getAttribute('data-omhub-progress'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null })
      .then(function (run) {
        if (!run) return
        bar.value = run.percent
        bar.textContent = run.percent + '%'
        if (run.state === 'finished' || run.state === 'failed') {
          text.textContent = run.state_name + ': ' + run.done + ' of ' + run.total + ' people calculated. '
          link.textContent = run.state === 'finished' ? 'Show the results' : 'Show what went wrong'
          return
        }
        text.textContent = run.state_name + ': ' + run.done + ' of ' + run.total + ' people calculated (' + run.percent + '%).'
        window.setTimeout(look, 3000)
      })
      .catch(function () { window.setTimeout(look, 10000) })
  }
  window.setTimeout(look, 3000)
})
