// Calls TokenGate's API with the browser session's cookies. The tokens live in HttpOnly cookies that this script
// cannot read; it reads only the CSRF value, which every state-changing request sends back in X-CSRF-Token.

/** An answer of the API that is not a success: its status, stable code, message and field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = body?.error ?? "unknown";
    this.fields = body?.fields ?? null;
  }
}

const statefulMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const csrfCookieNames = ["__Host-tg_csrf", "tg_csrf"];
let renewal = null;
let sessionEnded = () => {};

/** Calls `handler` with the error when the API says the session is over (revoked, expired, signed out elsewhere). */
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

/** The session's CSRF value, or null without a session. */
function csrfValue() {
  for (const part of document.cookie.split(";")) {
    const separator = part.indexOf("=");
    const name = part.slice(0, separator).trim();
    if (csrfCookieNames.includes(name)) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return null;
}

async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = statefulMethods.has(method) ? csrfValue() : null;
  if (csrf) headers["X-CSRF-Token"] = csrf;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { error: "network", message: "The server could not be reached; try again." });
  }
  const answer = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

/** Renews the session's cookies once, however many calls ask at the same time. */
function renew() {
  renewal ??= send("POST", "/auth/refresh").finally(() => {
    renewal = null;
  });
  return renewal;
}

/** Whether a 401 may be cured by renewing: the access cookie expired, or the browser already dropped it. */
function renewable(error) {
  const expired = error.code === "token_expired" || error.code === "invalid_request";
  return error.status === 401 && expired && csrfValue() !== null;
}

/** Whether `error` means the session is over, as opposed to a mistake in one request. */
export function endsSession(error) {
  return error instanceof ApiError && error.status === 401 && !["fresh_token_required", "invalid_credentials"].includes(error.code);
}

/**
 * Sends `body` (as JSON) to `path` and answers the decoded JSON, or null for 204. Renews an expired access token
 * once and repeats the call. Throws ApiError for an answer that is not a success.
 */
export async function call(method, path, body) {
  try {
    return await sendRenewing(method, path, body);
  } catch (error) {
    if (endsSession(error) && !path.startsWith("/auth/login") && !path.startsWith("/auth/register")) sessionEnded(error);
    throw error;
  }
}

async function sendRenewing(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (error) {
    if (!(error instanceof ApiError) || !renewable(error)) throw error;
    await renew();
    return send(method, path, body);
  }
}

/** One page of the list at `path` (10 entries, from `cursor`): `{items, next_cursor}`, the entries under `listKey`. */
export async function listPage(path, listKey, cursor) {
  const query = new URLSearchParams({ limit: "10" });
  if (cursor) query.set("cursor", cursor);
  const answer = await call("GET", `${path}?${query}`);
  return { items: answer[listKey], next_cursor: answer.next_cursor };
}
