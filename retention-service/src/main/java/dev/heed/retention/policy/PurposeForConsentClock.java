package dev.heed.retention.policy;

import dev.heed.events.retention.RetentionAnchor;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A policy whose clock starts when consent ends (anchor {@code CONSENT_WITHDRAWN}, or a grace
 * period) names the purpose whose consent that is; the violation names {@code purposeId}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PurposeForConsentClock.Validator.class)
@interface PurposeForConsentClock {

    String message() default "is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PurposeForConsentClock, PolicyRequest> {

        @Override
        public boolean isValid(PolicyRequest request, ConstraintValidatorContext context) {
            if (request == null || request.purposeId() != null) {
                return true;
            }
            String rule = request.anchor() == RetentionAnchor.CONSENT_WITHDRAWN
                    ? "is required when the anchor is CONSENT_WITHDRAWN"
                    : request.gracePeriod() != null
                            ? "is required with a gracePeriod (the purpose whose consent withdrawal starts it)"
                            : null;
            if (rule == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(rule).addPropertyNode("purposeId").addConstraintViolation();
            return false;
        }
    }
}
