plugins {
    `java-platform`
}

javaPlatform {
    allowDependencies()
}

dependencies {
    api(platform(libs.jackson.bom))
    constraints {
        api(libs.guava)
        api(libs.slf4j.api)
        runtime(libs.logback.classic)
    }
}
