package com.nexefii.policy.cache.impl;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A grant's daily windows in the property's time zone, e.g. {@code 07:00-19:00} or
 * {@code 07:00-12:00,14:00-19:00}; a window whose end is before its start runs over midnight
 * ({@code 22:00-06:00}). Start inclusive, end exclusive; {@code 24:00} ends at midnight.
 */
final class DailySchedule {

    private static final Pattern WINDOW = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]|24):([0-5]\\d)");
    private static final int DAY = 24 * 60;

    private final String text;
    private final int[] starts;
    private final int[] ends;

    private DailySchedule(String text, int[] starts, int[] ends) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static DailySchedule parse(String text) {
        List<int[]> windows = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher m = WINDOW.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not HH:mm-HH:mm[,HH:mm-HH:mm...]: " + text);
            }
            int start = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
            int end = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
            if (end > DAY) {
                throw new IllegalArgumentException("ends after 24:00: " + part);
            }
            if (start == end) {
                throw new IllegalArgumentException("empty or ambiguous window: " + part);
            }
            windows.add(new int[] {start, end});
        }
        int[] starts = new int[windows.size()];
        int[] ends = new int[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            starts[i] = windows.get(i)[0];
            ends[i] = windows.get(i)[1];
        }
        return new DailySchedule(text, starts, ends);
    }

    boolean contains(LocalTime time) {
        int minute = time.getHour() * 60 + time.getMinute();
        for (int i = 0; i < starts.length; i++) {
            int start = starts[i];
            int end = ends[i];
            boolean inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
            if (inside) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
