/** The pages in the header's navigation: [path, label]. */
export const NAV: ReadonlyArray<readonly [string, string]> = [
  ['/', 'Counter'],
  ['/guestbook', 'Guestbook'],
]
