import localFont from 'next/font/local'

/**
 * Inter (variable weight, Latin subset: covers English and French) from @fontsource-variable,
 * served by Next from the app's own origin; `next/font/google` would need the network.
 */
export const inter = localFont({
  src: '../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  weight: '100 900',
  style: 'normal',
  display: 'swap',
  variable: '--font-inter',
  fallback: ['system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'],
})
