// Runnable Kotlin command-line applications.
plugins {
    id("myorg.kotlin-conventions")
    application
}

application {
    applicationDefaultJvmArgs = listOf("-XX:+UseSerialGC", "-Xshare:auto")
}
