// OpenSeat's service worker: shows the web push notifications the server sends (lib/notifications/
// push/) and opens their link when clicked. Nothing else: no caching, no offline pages. Plain
// JavaScript served as is from public/, so it needs no build step and loads nothing from elsewhere.
//
// The payload is JSON {title, body, url, tag} (compose-push.ts). The tag is the outbox row's id, so
// a message delivered twice (a retry after a worker crash) replaces itself instead of showing twice.
// Open OpenSeat tabs also get the payload as a message ({type: "openseat-push", payload}), so a page
// can react at once (and the Playwright spec can see that a push arrived).

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

function readPayload(data) {
  if (!data) return { title: "OpenSeat", body: "", url: "/account", tag: "openseat" };
  try {
    const parsed = data.json();
    return {
      title: typeof parsed.title === "string" ? parsed.title : "OpenSeat",
      body: typeof parsed.body === "string" ? parsed.body : "",
      url: typeof parsed.url === "string" ? parsed.url : "/account",
      tag: typeof parsed.tag === "string" ? parsed.tag : "openseat",
    };
  } catch {
    return { title: "OpenSeat", body: data.text(), url: "/account", tag: "openseat" };
  }
}

self.addEventListener("push", (event) => {
  const payload = readPayload(event.data);
  event.waitUntil(
    (async () => {
      try {
        await self.registration.showNotification(payload.title, { body: payload.body, tag: payload.tag, data: { url: payload.url } });
      } finally {
        // Open pages hear of it even if the notification could not be shown (permission revoked).
        const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
        for (const client of windows) client.postMessage({ type: "openseat-push", payload });
      }
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const raw = (event.notification.data && event.notification.data.url) || "/account";
  // Only this site's pages: a link to anywhere else opens the account page instead.
  let target;
  try {
    target = new URL(raw, self.location.origin);
    if (target.origin !== self.location.origin) target = new URL("/account", self.location.origin);
  } catch {
    target = new URL("/account", self.location.origin);
  }
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    })(),
  );
});
