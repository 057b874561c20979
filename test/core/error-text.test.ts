import { describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { errorText, sanitizeErrorText } from "../../src/core/error-text.js";

describe("error texts kept in rows and logs (issue #14 item 7)", () => {
  it("cuts where a platform starts echoing the request: quotes, JSON, a second line", () => {
    expect(sanitizeErrorText(`invalid_blocks: {"text":"Li Na's salary review"}`)).toBe("invalid_blocks: …");
    expect(sanitizeErrorText(`errcode 40003, invalid userid 'zhang.min' hint: [1700000000]`)).toBe("errcode 40003, invalid userid …");
    expect(sanitizeErrorText(`field validation failed: content “工资单”`)).toBe("field validation failed: content …");
    expect(sanitizeErrorText("timeout\nbody: the whole message")).toBe("timeout");
  });

  it("keeps our own guidance whole: apostrophes inside words are not quotes", () => {
    const own = "WeCom did not deliver to zhangsan: not a member, not licensed, or outside the app's visible range (可见范围)";
    expect(sanitizeErrorText(own)).toBe(own);
    expect(DeliveryError.fatal(own).reason).toBe(own);
  });

  it("bounds the length, and names an error's class and code", () => {
    expect(sanitizeErrorText("x".repeat(1000)).length).toBe(400);
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(errorText(error)).toBe("Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432");
  });
});
