plugins {
    id("myorg.kotlin-conventions")
    alias(libs.plugins.kotlin.serialization)
}

dependencies {
    api(projects.platform.domainModel)
    implementation(projects.platform.json)
    implementation(libs.kotlinx.serialization.json)

    testImplementation(platform(libs.junit.bom))
    testImplementation(libs.junit.jupiter.params)
    testImplementation(testFixtures(projects.platform.core))
}
