// Kotlin/JVM libraries: everything from the Java conventions, plus the Kotlin plugin.
plugins {
    id("myorg.java-conventions")
    kotlin("jvm")
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    testImplementation(kotlin("test"))
}
