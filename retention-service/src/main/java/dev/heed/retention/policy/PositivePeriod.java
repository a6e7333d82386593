package dev.heed.retention.policy;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Period;

/** A period that moves a date forward: none of its parts negative, not all zero. Absent is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PositivePeriod.Validator.class)
@interface PositivePeriod {

    String message() default "must be a positive ISO-8601 period, e.g. P6Y or P30D";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PositivePeriod, Period> {

        @Override
        public boolean isValid(Period period, ConstraintValidatorContext context) {
            return period == null || !period.isNegative() && !period.isZero();
        }
    }
}
