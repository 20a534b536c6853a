pluginManagement {
    // Convention plugins (myorg.*) come from the included build in build-logic/.
    includeBuild("build-logic")
    repositories {
        gradlePluginPortal()
        mavenCentral()
    }
}

plugins {
    // Lets Gradle download the JDK 17 toolchain the conventions ask for.
    id("org.gradle.toolchains.foojay-resolver-convention") version "0.7.0"
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        mavenCentral()
    }
}

enableFeaturePreview("TYPESAFE_PROJECT_ACCESSORS")

rootProject.name = "modern"

include(
    ":platform:bom",
    ":platform:core",
    ":platform:json",
    ":platform:domain-model",
)
include(":services:orders", ":services:billing")
include(":apps:cli")

// The importer predates the platform/services layout and still lives under tools/.
include(":importer")
project(":importer").projectDir = file("tools/legacy-importer")
