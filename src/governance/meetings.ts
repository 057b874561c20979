export function createMeetings(_deps: unknown) {
  return {};
}
