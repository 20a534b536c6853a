plugins {
    // Put the Kotlin Gradle plugin on the root class loader once, so the convention plugins
    // and the multiplatform module share a single copy of it.
    alias(libs.plugins.kotlin.jvm) apply false
    alias(libs.plugins.kotlin.multiplatform) apply false
    alias(libs.plugins.kotlin.serialization) apply false
}
