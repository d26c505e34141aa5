// The dashboard's address lives in the hash (#/memory?project=…), so /dashboard is one page the
// gateway serves and every view can be linked to, bookmarked and reached with Back.
export interface Route {
  page: string;
  params: URLSearchParams;
}

export function readRoute(hash: string = location.hash): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { page: path || 'overview', params: new URLSearchParams(query) };
}

export function linkTo(page: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  return `#/${page}${query.size > 0 ? `?${query}` : ''}`;
}
