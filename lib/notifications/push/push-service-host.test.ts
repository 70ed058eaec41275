import { afterEach, describe, expect, it } from "vitest";
import { isKnownPushService } from "./push-service-host";

const saved = process.env.WEB_PUSH_SERVICE_HOSTS;
afterEach(() => {
  if (saved === undefined) delete process.env.WEB_PUSH_SERVICE_HOSTS;
  else process.env.WEB_PUSH_SERVICE_HOSTS = saved;
});

describe("isKnownPushService", () => {
  it("accepts the browsers' push services and their subdomains by default", () => {
    delete process.env.WEB_PUSH_SERVICE_HOSTS;
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/abc",
      "https://updates.push.services.mozilla.com/wpush/v2/abc",
      "https://wns2-by3p.notify.windows.com/w/?token=abc",
      "https://web.push.apple.com/QGx",
    ]) expect(isKnownPushService(endpoint), endpoint).toBe(true);
  });

  it("refuses internal addresses, look-alike domains and garbage", () => {
    delete process.env.WEB_PUSH_SERVICE_HOSTS;
    for (const endpoint of [
      "https://169.254.169.254/latest/meta-data",
      "https://127.0.0.1/x",
      "https://[::1]/x",
      "https://fcm.googleapis.com.evil.test/x",
      "https://evilfcm.googleapis.com.example/x",
      "https://notfcm.googleapis.community/x",
      "not a url",
    ]) expect(isKnownPushService(endpoint), endpoint).toBe(false);
  });

  it("uses WEB_PUSH_SERVICE_HOSTS instead of the default list when set", () => {
    process.env.WEB_PUSH_SERVICE_HOSTS = "push.example.org, 127.0.0.1";
    expect(isKnownPushService("http://127.0.0.1:4000/push/1")).toBe(true);
    expect(isKnownPushService("https://a.push.example.org/x")).toBe(true);
    expect(isKnownPushService("https://fcm.googleapis.com/fcm/send/abc")).toBe(false);
  });
});
