package dev.heed.dsr.deadline;

/** A legal period: so many calendar days, calendar months or business days. */
public record ResponsePeriod(int amount, PeriodUnit unit) {

    public ResponsePeriod {
        if (amount <= 0 || unit == null) {
            throw new IllegalArgumentException("a period needs a positive amount and a unit");
        }
    }

    @Override
    public String toString() {
        return amount + " " + unit;
    }
}
