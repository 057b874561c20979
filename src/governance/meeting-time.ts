import { addWorkingDays, type DayRules } from "../calendar/working-time.js";
import { addDays, weekdayOf } from "../core/dates.js";
import { UserError } from "../core/command.js";
import "./i18n.js";

const WEEKDAYS: Record<string, number> = {
  mon: 1, monday: 1, tue: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7,
};

/** `wed`, `Wednesday`, `3`, `周三`, `星期三` → ISO weekday 3; anything else is refused naming `--weekday`. */
export function readWeekday(value: string): number {
  const word = value.trim().toLowerCase().replace(/^(周|星期|礼拜)/, "");
  const n = /^[1-7]$/.test(word) ? Number(word) : WEEKDAYS[word];
  if (n === undefined) throw new UserError("governance.errors.bad_weekday", { value });
  return n;
}

/** `HH:MM` (00:00 … 23:59); anything else is refused naming `--time`. */
export function readMeetingTime(value: string): string {
  const match = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(value.trim());
  if (!match) throw new UserError("governance.errors.bad_time", { value });
  return `${match[1]!.padStart(2, "0")}:${match[2]}`;
}

/** ISO weekday (1 = Monday) of a date. */
export function isoWeekday(date: string): number {
  return weekdayOf(date) === 0 ? 7 : weekdayOf(date);
}

/** The first date on or after `today` on that weekday (today itself only while the meeting time is still ahead). */
export function nextMeetingDate(today: string, nowTime: string, weekday: number, time: string): string {
  for (let day = today, n = 0; n < 8; day = addDays(day, 1), n++) {
    if (isoWeekday(day) === weekday && (day !== today || nowTime < time)) return day;
  }
  return today;
}

const minutesOf = (time: string) => {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
};
const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/**
 * When the agenda goes out: one working hour before the meeting. A meeting less than an hour into the working day
 * takes the rest of that hour from the end of the previous working day (a 09:30 meeting, 09:00–18:00: 17:30 the day
 * before); a meeting outside working hours, one clock hour before.
 */
export function agendaSlot(meetingDate: string, time: string, rules: DayRules & { workStart: string; workEnd: string }): { date: string; time: string } {
  const meeting = minutesOf(time);
  const start = minutesOf(rules.workStart);
  const end = minutesOf(rules.workEnd);
  if (meeting - 60 >= start || meeting < start || meeting > end || end - start < 60) return { date: meetingDate, time: timeOf(Math.max(0, meeting - 60)) };
  const rest = 60 - (meeting - start);
  return { date: addWorkingDays(meetingDate, -1, rules), time: timeOf(end - rest) };
}

