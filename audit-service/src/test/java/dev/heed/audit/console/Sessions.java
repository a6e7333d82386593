package dev.heed.audit.console;

import static io.restassured.RestAssured.given;

import io.restassured.http.Cookie;
import io.restassured.response.Response;

/** Signing in through the console's login form, as a browser does. */
final class Sessions {

    static final String COOKIE = "heed_console";

    private Sessions() {
    }

    static Response login(String token) {
        return given().redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", token)
                .when().post("/console/login");
    }

    /** The session cookie a successful login sets. */
    static Cookie cookieFor(String token) {
        Cookie cookie = login(token).then().statusCode(303).extract().detailedCookie(COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            throw new AssertionError("the login set no session cookie");
        }
        return cookie;
    }
}
