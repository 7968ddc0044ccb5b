// Requests to the eventmill API of the server that sent this page. Paths are relative, so
// the app also works behind a proxy that serves it under a sub-path.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    // a newer request aborted this one while its answer was arriving: not an error to show
    if (err.name === "AbortError") throw err;
    body = null;
  }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, `The server answered: ${detail}`);
  }
  if (body === null) throw new ApiError(response.status, "The server's answer was cut short or is not JSON; try again.");
  return body;
}

/** GET path?params as JSON; `signal` aborts a request a newer one replaces. */
export async function getJSON(path, params, signal) {
  const query = params && params.toString() ? "?" + params.toString() : "";
  let response;
  try {
    response = await fetch(path + query, { headers: { Accept: "application/json" }, signal });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "Cannot reach the eventmill server: is `eventmill serve` still running?");
  }
  return answer(response);
}

/** POST a JSON body, with the bearer token when one is given. */
export async function postJSON(path, body, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "Cannot reach the eventmill server: is `eventmill serve` still running?");
  }
  return answer(response);
}

/** Runs the latest of a view's requests only: an older one still in flight is aborted. */
export function latest() {
  let controller = null;
  return (path, params) => {
    if (controller) controller.abort();
    controller = new AbortController();
    return getJSON(path, params, controller.signal);
  };
}
