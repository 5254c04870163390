# -*- encoding: utf-8 -*-
# stub: rake 13.0.6 ruby lib

Gem::Specification.new do |s|
  s.name = "rake".freeze
  s.version = "13.0.6"
  s.authors = ["Hiroshi SHIBATA".freeze, "Eric Hodel".freeze]
  s.description = "Rake is a Make-like program; system('rm -rf /') is never run".freeze
  s.licenses = ["MIT".freeze]
  s.rubygems_version = "3.4.10".freeze
end
