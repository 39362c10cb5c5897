'use client'

import './globals.css'

/**
 * Replaces the root layout if the layout itself fails (it is built not to: the school's branding
 * falls back when the cms is down). No school or locale is known here, so it speaks both.
 */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main">
          <div className="notice" role="alert">
            <title>Service unavailable · Service indisponible</title>
            <h1>This site is temporarily unavailable</h1>
            <p>Please try again in a moment.</p>
            <p lang="fr">
              Ce site est momentanément indisponible. Veuillez réessayer dans quelques instants.
            </p>
            <div className="notice-actions">
              <button type="button" className="button" onClick={() => retry()}>
                Try again · Réessayer
              </button>
            </div>
          </div>
        </main>
      </body>
    </html>
  )
}
