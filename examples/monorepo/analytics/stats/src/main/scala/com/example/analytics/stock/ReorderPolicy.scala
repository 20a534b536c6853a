package com.example.analytics.stock

import com.example.core.model.{Category, Item}

/** How many units of an item to keep in stock. */
trait ReorderPolicy {
  def target(item: Item): Int
}

object ReorderPolicy {
  /** The same target for every item. */
  def flat(units: Int): ReorderPolicy = new ReorderPolicy {
    def target(item: Item): Int = units
  }

  /** Per-category targets with a default. */
  def byCategory(targets: Map[Category, Int], default: Int): ReorderPolicy = new ReorderPolicy {
    def target(item: Item): Int = targets.getOrElse(item.category, default)
  }
}
