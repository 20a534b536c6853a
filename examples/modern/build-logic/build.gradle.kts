plugins {
    `kotlin-dsl`
}

dependencies {
    // Lets the precompiled script plugins apply kotlin("jvm").
    implementation(libs.kotlin.gradle.plugin)
}
